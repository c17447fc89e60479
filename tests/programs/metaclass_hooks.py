import gc

log = []

class Meta(type):
    def __new__(mcs, name, bases, ns, **kw):
        log.append(("new", mcs.__name__, name, sorted(k for k in ns if not k.startswith("__")), kw))
        cls = super().__new__(mcs, name, bases, ns)
        cls.created_by = mcs.__name__
        return cls

    def __init__(cls, name, bases, ns, **kw):
        log.append(("init", name, kw))
        super().__init__(name, bases, ns)

    @classmethod
    def __prepare__(mcs, name, bases, **kw):
        log.append(("prepare", name, kw))
        return {"injected": 42}

class A(metaclass=Meta, flag=1):
    def f(self):
        return self.injected

print(A.created_by, A().f(), A.injected)
for entry in log:
    print(entry)
log.clear()

class B(A):
    pass

print(type(B) is Meta, B.created_by)
for entry in log:
    print(entry)

# type.__new__ called directly from a metaclass __new__.
class Direct(type):
    def __new__(mcs, name, bases, ns):
        ns["tag"] = "direct"
        return type.__new__(mcs, name, bases, ns)

class DC(metaclass=Direct):
    pass

print(DC.tag, type(DC).__name__)

# __init_subclass__ receives the class keywords.
class Base:
    def __init_subclass__(cls, /, flag=None, **kw):
        print("init_subclass", cls.__name__, flag, kw)
        super().__init_subclass__(**kw)

class Sub(Base, flag=7):
    pass

try:
    class Sub2(Base, flag=8, other=9):
        pass
except TypeError as e:
    print("TypeError:", e)

class Sub3(Base):
    pass

try:
    object.__init_subclass__(1)
except TypeError as e:
    print("TypeError:", e)

try:
    class Plain(color="red"):
        pass
except TypeError as e:
    print("TypeError:", e)

# Keywords pass through a metaclass to __init_subclass__.
class KwMeta(type):
    def __new__(mcs, name, bases, ns, **kw):
        print("KwMeta.__new__", name, kw)
        return super().__new__(mcs, name, bases, ns, **kw)

class KB(metaclass=KwMeta):
    def __init_subclass__(cls, **kw):
        print("KB.__init_subclass__", cls.__name__, kw)

class KS(KB, level=3):
    pass

# Singleton through a metaclass __call__.
class Singleton(type):
    _instances = {}

    def __call__(cls, *args, **kwargs):
        if cls not in cls._instances:
            cls._instances[cls] = super().__call__(*args, **kwargs)
        return cls._instances[cls]

class Config(metaclass=Singleton):
    def __init__(self, value):
        self.value = value

c1 = Config(1)
c2 = Config(2)
print(c1 is c2, c1.value)
Singleton._instances.clear()

# __repr__, __getitem__, __iter__, __len__, __contains__ on the metaclass.
class Container(type):
    def __repr__(cls):
        return "<Container " + cls.__name__ + ">"

    def __getitem__(cls, key):
        return (cls.__name__, key)

    def __iter__(cls):
        return iter(cls.items)

    def __len__(cls):
        return len(cls.items)

    def __contains__(cls, item):
        return item in cls.items

class Colors(metaclass=Container):
    items = ["red", "green"]

print(repr(Colors), str(Colors), Colors[3], list(Colors), len(Colors), "red" in Colors)
print(repr(Colors()).startswith("<__main__.Colors object"))

# A metaclass can refuse __call__.
class NoInstances(type):
    def __call__(cls, *a, **k):
        raise TypeError(cls.__name__ + " cannot be instantiated")

class Abstract(metaclass=NoInstances):
    pass

try:
    Abstract()
except TypeError as e:
    print("TypeError:", e)

# A function as a metaclass.
def func_meta(name, bases, ns, **kw):
    print("func_meta", name, kw)
    return type(name, bases, ns)

class FM(metaclass=func_meta, extra=1):
    pass

print(type(FM) is type, FM.__name__)

# __prepare__ returning something that is not a mapping.
class BadPrepare(type):
    @classmethod
    def __prepare__(mcs, name, bases):
        return 5

try:
    class BP(metaclass=BadPrepare):
        pass
except TypeError as e:
    print("TypeError:", e)

# Zero-argument super() in the class body under a metaclass.
class WithSuper(metaclass=Meta):
    def hello(self):
        return super().__repr__().startswith("<")

print(WithSuper().hello())

# Cycle collection of classes with a metaclass.
class Temp(metaclass=Meta):
    pass

Temp.self_ref = Temp
del Temp
print(gc.collect() > 0)
