import sys
def outer():
    v = []
    print("local", sys.getrefcount(v))
    def inner():
        return v
    print("in cell", sys.getrefcount(v))
    return inner
f = outer()
val = f()
print("via closure", sys.getrefcount(val))
print("cell contents", f.__closure__[0].cell_contents is val)
del f
print("closure gone", sys.getrefcount(val))
def counter():
    n = 0
    def inc():
        nonlocal n
        n += 1
        return n
    return inc
c = counter()
print(c(), c(), c())
obj = object()
def defaults(a=obj, b=obj):
    return sys.getrefcount(a)
print("default tuple", sys.getrefcount(obj))
print("in call default", defaults())
print(defaults.__defaults__ == (obj, obj))
def deep():
    x = 3000
    def mid():
        y = 3000
        def low():
            return 3000
        return sys.getrefcount(y)
    return mid()
print("shared consts", deep())
lam = lambda q=obj: sys.getrefcount(q)
print("lambda default", lam())
