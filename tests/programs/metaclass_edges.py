import sys, gc
class M(type): pass
class A(metaclass=M): pass
class P: pass
print(sys.getrefcount(M), sys.getrefcount(A), sys.getrefcount(P))
a = A()
print(sys.getrefcount(M), sys.getrefcount(A))
class B(A): pass
print(sys.getrefcount(M), sys.getrefcount(A))
print(A.__class__ is M, type(A).__mro__ == (M, type, object))
for bad in [lambda: type.__new__(5), lambda: type.__new__(M), lambda: type.__new__(M, "x", 1, {}), lambda: type.__new__(M, "x", (), 1), lambda: type("X", (), {}, flag=1), lambda: M("x"), lambda: type(1, 2)]:
    try:
        print(bad())
    except TypeError as e:
        print("TypeError:", e)
class R(type):
    def __new__(mcs, *a):
        return 5
class Q(metaclass=R):
    def f(self): return __class__
print(Q)
print(M.__prepare__("a", ()), type.__prepare__())
class MD(type):
    def __del__(cls): print("del", cls.__name__)
class T(metaclass=MD): pass
del T
gc.collect()
print("end")
