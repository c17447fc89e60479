import sys
for s in [[1, 2, 3], (1, 2, 3), "abc", range(3), b"ab"]:
    r = reversed(s)
    print(type(r).__name__, list(r), sys.getsizeof(reversed(s)))
l = [1, 2, 3]
r = reversed(l)
next(r); l.clear()
print(list(r))
class L(list): pass
print(type(reversed(L([1]))).__name__)
try:
    type(reversed([]))()
except TypeError as e:
    print(e)
