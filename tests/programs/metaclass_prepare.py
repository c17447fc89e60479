class D(dict):
    def __setitem__(self, k, v):
        print("set", k)
        self.update({k: v})
class PM(type):
    @classmethod
    def __prepare__(mcs, name, bases):
        return D()
class PC(metaclass=PM):
    x = 1
    def f(self): return __class__
    y = x + 1
    z = 3
print(PC.y, PC().f() is PC, PC.z)

class Recorder:
    def __init__(self):
        self.data = {}
        self.order = []
    def __getitem__(self, k):
        return self.data[k]
    def __setitem__(self, k, v):
        self.order.append(k)
        self.data[k] = v
    def __delitem__(self, k):
        del self.data[k]

class RM(type):
    @classmethod
    def __prepare__(mcs, name, bases, **kw):
        return Recorder()
    def __new__(mcs, name, bases, ns, **kw):
        cls = super().__new__(mcs, name, bases, dict(ns.data))
        cls.order = [k for k in ns.order if not k.startswith("__")]
        return cls

class RC(metaclass=RM):
    b = 2
    a = 1
    c = a + b
print(RC.order, RC.c)

class Raw(type):
    @classmethod
    def __prepare__(mcs, name, bases):
        return Recorder()
try:
    class RR(metaclass=Raw):
        pass
except TypeError as e:
    print("TypeError:", e)
