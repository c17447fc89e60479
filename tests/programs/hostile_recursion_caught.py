import sys
def down(n):
    return down(n + 1)
try:
    down(0)
except RecursionError as e:
    print("caught", type(e).__name__, e)
def count(n):
    if n == 0:
        return 0
    return 1 + count(n - 1)
print(count(900))
try:
    count(5000)
except RecursionError as e:
    print("too deep:", e)
print(count(100))
class R:
    def __repr__(self):
        return repr(self)
try:
    repr(R())
except RecursionError as e:
    print("repr", e)
a = []
a.append(a)
b = []
b.append(b)
try:
    a == b
except RecursionError as e:
    print("cmp", e)
print("survived")
