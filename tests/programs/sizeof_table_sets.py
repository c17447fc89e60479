import sys
print("set()", sys.getsizeof(set()))
print("{1}", sys.getsizeof({1}))
print("frozenset()", sys.getsizeof(frozenset()))
print("frozenset({1})", sys.getsizeof(frozenset({1})))
s = set()
out = []
for i in range(45):
    out.append("%d:%d" % (len(s), sys.getsizeof(s)))
    s.add(i)
print(*out)
