class Drop(type):
    def __new__(mcs, name, bases, ns):
        ns = {k: v for k, v in ns.items() if k != "__classcell__"}
        return super().__new__(mcs, name, bases, ns)
try:
    class X(metaclass=Drop):
        def f(self): return __class__
except RuntimeError as e:
    print("RuntimeError:", e)
class Keep(type):
    def __new__(mcs, name, bases, ns):
        return super().__new__(mcs, name, bases, dict(ns))
class K(metaclass=Keep):
    def f(self): return __class__
print(K().f() is K)
class NoCell(metaclass=Drop):
    def f(self): return 1
print(NoCell().f())
