import sys, gc
class M(type): pass
def attempt(f):
    try:
        print(f())
    except Exception as e:
        print(type(e).__name__ + ":", e)
attempt(lambda: M())
attempt(lambda: M(1, 2))
attempt(lambda: type.__call__(M))
attempt(lambda: M.__new__(M))
attempt(lambda: type.__init__(M, 1, 2, 3))
attempt(lambda: type.__init__(M, 1, 2))
attempt(lambda: type.__init__(M, x=1))
def mk():
    class A(metaclass=5): pass
attempt(mk)
def mk2():
    class A(metaclass=M, **{'x': 1}): pass
attempt(mk2)
class MM(type):
    def hello(cls): return "MM.hello " + cls.__name__
class M2(type, metaclass=MM): pass
class A(metaclass=M2): pass
print(type(M2) is MM, M2.hello(), type(A) is M2, type(type(A)) is MM)
print(sys.getrefcount(MM), sys.getrefcount(M2))
del A
print(sys.getrefcount(M2))
class Meta(type):
    def __call__(cls, *a, **k):
        inst = super().__call__(*a, **k)
        inst.created = True
        return inst
class P(metaclass=Meta):
    def __init__(self, a, b=2):
        self.s = a + b
p = P(1, b=5)
print(p.s, p.created, sys.getrefcount(p))
attempt(lambda: P())
print(type.__dict__.__class__.__name__ if False else "x")
print(sorted(n for n in dir(M) if n in ("mro", "__call__", "__prepare__", "__new__")))
print(M.mro(M), P.mro())
class WithInit(type):
    def __init__(cls, name, bases, ns):
        super().__init__(name, bases, ns)
        cls.inited = name
class WI(metaclass=WithInit): pass
class WI2(WI): pass
print(WI.inited, WI2.inited)
attempt(lambda: WithInit("N", (), {}, extra=1))
class Fwd(type):
    def __new__(mcs, name, bases, ns, **kw):
        return super().__new__(mcs, name, bases, ns, **kw)
class FB(metaclass=Fwd):
    def __init_subclass__(cls, **kw): print("isc", kw)
attempt(lambda: Fwd("FC", (FB,), {}, q=1))
gc.collect()
def mk3():
    class Base: pass
    class Sub(Base):
        def go(self):
            super().__init_subclass__(x=1)
    Sub().go()
attempt(mk3)
