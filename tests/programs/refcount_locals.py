import sys
def func(p):
    print("param p", sys.getrefcount(p))
    q = p
    print("q=p", sys.getrefcount(p))
    r = [p, p, p]
    print("in list", sys.getrefcount(p))
    del r
    print("del list", sys.getrefcount(p))
    del q
    print("del q", sys.getrefcount(p))
o = object()
func(o)
print("after call", sys.getrefcount(o))
def func2():
    z = []
    print("local z=[]", sys.getrefcount(z))
    k = 5000
    print("local const", sys.getrefcount(k))
    s = "some text here"
    print("local str const", sys.getrefcount(s))
func2()
def two(a, b):
    return sys.getrefcount(a), sys.getrefcount(b)
lst = []
print("two same", two(lst, lst))
print("two diff", two(lst, []))
def kw(a, b=None):
    return sys.getrefcount(a)
print("kw call", kw(a=lst))
def star(*args):
    return sys.getrefcount(args[0])
print("star", star(lst))
def dstar(**kw):
    return sys.getrefcount(kw['x'])
print("dstar", dstar(x=lst))
def nested(p):
    def inner(q):
        return sys.getrefcount(q)
    return inner(p)
print("nested", nested(lst))
print("module", sys.getrefcount(lst))
