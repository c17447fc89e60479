import sys
try:
    [0] * (2 ** 64)
except OverflowError as e:
    print(e)
try:
    float(10 ** 400)
except OverflowError as e:
    print(e)
print(2.0 ** 10)
x = 10.0 ** 400
