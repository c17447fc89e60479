print(1.0 // 0.1, 1.0 % 0.1, -7.5 // 2, -7.5 % 2, 7.5 // -2, 7.5 % -2, 0.0 // 1, -0.0 % 5)
print(True & True, True | False, False ^ True, True & 3)
print(1 / 10**30, 10**30 / 3, 2**100 / 2**99, -(10**25) / 7, (2**53 + 1) / 1, 12345678901234567890 / 10)
print(10**400 // 10**399 / 3)
try:
    print(10**400 / 1)
except OverflowError as e:
    print("OverflowError", e)
print(7 / 2**1080)
# The same at run time, where nothing is folded.
t, f, big = True, False, 10
print(t & t, t | f, f ^ t, t & 3, type(t ^ t).__name__)
print(1 / big**30, -(big**25) / 7, (2**53 + 1) / t, big**22 / 3)
for x, y in [(1.0, 0.1), (-7.5, 2), (7.5, -2), (-0.0, 5), (5.0, -0.0 + 1e-300)]:
    print(x // y, x % y, divmod(x, y))
for x, y in [(1.0, 0.1), (-7.5, 2.0), (7.5, -2.0), (3.0, 7)]:
    print(x.__floordiv__(y), x.__mod__(y), x.__rmod__(y), x.__divmod__(y), x.__rdivmod__(y), x.__truediv__(y), x.__add__(y), x.__sub__("a"))
try:
    (1.0).__mod__(0.0)
except ZeroDivisionError as e:
    print(e)
try:
    (1.0).__divmod__(0)
except ZeroDivisionError as e:
    print(e)
