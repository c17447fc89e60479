import sys
x = []
print(sys.getrefcount(x))
d = {'a': x}
print("dict value", sys.getrefcount(x))
d['b'] = x
print("dict value 2", sys.getrefcount(x))
del d['a']
print("del item", sys.getrefcount(x))
d.clear()
print("clear", sys.getrefcount(x))
t = (x, x, x)
print("tuple", sys.getrefcount(x))
del t
l = [x] * 10
print("list mul", sys.getrefcount(x))
l[:5] = []
print("slice del", sys.getrefcount(x))
l.pop()
print("pop", sys.getrefcount(x))
l.insert(0, x)
print("insert", sys.getrefcount(x))
l.remove(x)
print("remove", sys.getrefcount(x))
l2 = l[:]
print("copy", sys.getrefcount(x))
l2.reverse()
l2.sort(key=lambda v: 0)
print("after sort", sys.getrefcount(x))
del l, l2
print("del lists", sys.getrefcount(x))
key = "some key with spaces"
dd = {key: 1}
print("dict key", sys.getrefcount(key))
dd2 = dict(dd)
print("dict copy key", sys.getrefcount(key))
del dd, dd2
print("deleted", sys.getrefcount(key))
nested = [[x]]
print("nested", sys.getrefcount(x), sys.getrefcount(nested[0]))
