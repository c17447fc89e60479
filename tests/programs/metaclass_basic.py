import sys

class M(type):
    pass

class Y(metaclass=M):
    x = 1

print(type(Y) is M, isinstance(Y, M), isinstance(Y, type), issubclass(M, type))
y = Y()
print(type(y) is Y, y.x, Y.__name__, Y.__qualname__, Y.__mro__)
print(repr(Y).startswith("<class '"), type(M) is type)

# Inheritance of the metaclass from a base.
class Z(Y):
    pass

print(type(Z) is M, Z.__mro__ == (Z, Y, object))

# Metaclass conflict.
class N(type):
    pass

class W(metaclass=N):
    pass

try:
    class C(Y, W):
        pass
except TypeError as e:
    print("TypeError:", e)

# A derived metaclass resolves the conflict.
class MN(M, N):
    pass

class D(Y, W, metaclass=MN):
    pass

print(type(D) is MN)

# Explicit metaclass type yields to a base's metaclass.
class E(Y, metaclass=type):
    pass

print(type(E) is M)

# type(name, bases, ns) picks the derived metaclass.
F = type("F", (Y,), {"v": 5})
print(type(F) is M, F.v, F().v)
G = M("G", (), {"w": 6})
print(type(G) is M, G.w, G.__module__)

# Metaclass methods and properties on the class, not on instances.
class Meta(type):
    registry = []

    def meta_method(cls):
        return "meta_method of " + cls.__name__

    @property
    def some_property(cls):
        return cls.__name__.lower()

    @classmethod
    def meta_cm(mcs):
        return mcs.__name__

class K(metaclass=Meta):
    def method(self):
        return "method"

print(K.meta_method(), K.some_property, K.meta_cm(), K.registry)
print(K().method())
for attr in ("meta_method", "some_property", "registry"):
    try:
        getattr(K(), attr)
    except AttributeError as e:
        print("AttributeError:", e)
print(hasattr(K, "meta_method"), hasattr(K(), "meta_method"))

# Metaclass property shadows the class attribute (data descriptor on the metatype).
class PM(type):
    @property
    def value(cls):
        return "from metaclass"

class PC(metaclass=PM):
    value = "from class"

print(PC.value, PC().value)

# Attributes set on a class with a metaclass.
K.extra = 3
print(K.extra, K().extra)
del K.extra
print(hasattr(K, "extra"))

# type.__new__ / type.__init__ / type.__call__ are attributes.
print(callable(type.__new__), callable(type.__init__), callable(type.__call__))
H = type.__new__(M, "H", (), {})
print(type(H) is M, H.__name__)
print(type(type.__call__(Y)) is Y)

try:
    type.__new__(int, "X", (), {})
except TypeError as e:
    print("TypeError:", e)
try:
    class Bad(type):
        __slots__ = ("a",)
except TypeError as e:
    print("TypeError:", e)

# Refcounts and sizes.
print(sys.getrefcount(M) - sys.getrefcount(N))
print(sys.getsizeof(Y) == sys.getsizeof(W), sys.getsizeof(Y))
del y
