class A:
    x = 1
    def m(self):
        return 2
class B(A):
    pass
b = B()
print(type(b), type(1), type("s"), type(None), type(len), type(A))
print(isinstance(b, A), isinstance(1, (str, int)), isinstance(True, int))
print(issubclass(B, A), issubclass(bool, int), issubclass(A, (B, object)))
print(callable(len), callable(A), callable(b), callable(b.m), callable(5))
print(hash(1) == hash(1.0), hash("a") == hash("a"), hash((1, 2)) == hash((1, 2)))
print(hash(True), hash(0), hash(-1), hash(2**61), hash(12345))
setattr(b, "y", 10)
print(getattr(b, "y"), getattr(b, "x"), hasattr(b, "z"), getattr(b, "z", None))
delattr(b, "y")
print(hasattr(b, "y"))
try:
    getattr(b, "nope")
except AttributeError as e:
    print(e)
print(id(b) == id(b), id(b) != id(B()))
g = globals()
print(type(g).__name__, "A" in g, g["A"] is A, g["__name__"])
def f(p, q=3):
    r = p + q
    return sorted(locals().items())
print(f(1))
o = object()
print(type(o).__name__, isinstance(o, object), issubclass(int, object))
print(type(type), type(object), object.__name__)
print(int.__name__, str.__name__, list.__name__, type([].append).__name__)
print(repr(len), repr(print), repr(A)[:9], repr(None))
print(type(range(1)).__name__, type(iter([])).__name__, type(iter("")).__name__, type(zip()).__name__)
print(f.__name__, (lambda: 0).__name__)
