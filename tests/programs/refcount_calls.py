# Reference counts seen inside calls: how each kind of call hands its arguments and
# its callable to the callee's frame (CPython 3.11's CALL, method_vectorcall,
# _PyObject_MakeTpCall, CALL_FUNCTION_EX, map_next).
import sys


def f(n):
    if n == 0:
        return sys.getrefcount(f)
    return f(n - 1)


print("function inside itself", f(0), f(3))


class A:
    def __init__(self, x):
        print("__init__", sys.getrefcount(self), sys.getrefcount(x))

    def m(self, y):
        print("method", sys.getrefcount(self), sys.getrefcount(y))


o = object()
a = A(o)
a.m(o)
bound = a.m
bound(o)
A.m(a, o)
unbound = A.m
unbound(a, o)
print("map", list(map(lambda v: sys.getrefcount(v), [o])))


class B(A):
    def __init__(self, *args):
        print("B.__init__", sys.getrefcount(self), len(args))
        super().__init__(*args)


B(o)


def star(*args, **kwargs):
    return sys.getrefcount(args), sorted(kwargs)


t = (o, o)
print("star", star(*t), star(*[o]), star(o, *t, k=1), star(o, **{"a": 1}))


def g(a, b=2, *, c=3):
    return a + b + c


print(g(1, c=10), g(1, 2), g(a=5), g(*[1, 2]), g(1, **{"c": 4}))
