# Built-in types' own __new__: the class given must be a subtype whose instances that
# constructor builds (tp_new_wrapper's checks), object.__new__ refuses built-in layouts.
class T(tuple): pass
class N(tuple):
    def __new__(cls, *a): return super().__new__(cls, *a)
for f in (lambda: object.__new__(T), lambda: object.__new__(N), lambda: object.__new__(int), lambda: tuple.__new__(int, ()), lambda: tuple.__new__(1), lambda: tuple.__new__(), lambda: int.__new__(bool, 1), lambda: tuple.__new__(T, (1,)), lambda: tuple.__new__(N, (1,)), lambda: list.__new__(dict), lambda: dict.__new__(T)):
    try: print(repr(f()))
    except TypeError as e: print('TypeError:', e)
print(tuple.__new__.__self__, tuple.__new__.__qualname__, tuple.__new__.__name__, type(tuple.__new__))
print(T.__new__ is tuple.__new__, list.__new__(list), repr(str.__new__(str, 'x')), float.__new__(float, '1.5'))
class Q(int):
    def __new__(cls, v): return int.__new__(cls, v * 2)
print(Q(4), type(Q(4)))
for t in (int, float, str, bytes, tuple, list, dict, set, frozenset, bool, complex, bytearray, range, slice, type, object, BaseException, ValueError, KeyError, property, staticmethod, classmethod):
    n = t.__dict__.get('__new__')
    print(t.__name__, type(n).__name__, n is not None and n.__self__ is t)
for f in (lambda: float.__new__(int), lambda: str.__new__(bytes), lambda: bytes.__new__(str), lambda: set.__new__(list), lambda: frozenset.__new__(set), lambda: dict.__new__(dict, a=1), lambda: list.__new__(list, 1, 2), lambda: object.__new__(list), lambda: object.__new__(ValueError)):
    try: print(repr(f()))
    except TypeError as e: print('TypeError:', e)
import collections
P = collections.namedtuple("P", "x y")
print(P(1, 2), tuple.__new__(P, (3, 4)), P.__new__(P, 5, 6))
class E(ValueError):
    pass
print(repr(ValueError.__new__(E, "m")), type(BaseException.__new__(KeyError)).__name__)
try:
    ValueError.__new__(KeyError)
except TypeError as e:
    print("TypeError:", e)
class Both(int):
    def __new__(cls, v):
        self = super().__new__(cls, v)
        return self
print(Both(5) + 1, object.__new__(type("Plain", (), {})).__class__.__name__)
