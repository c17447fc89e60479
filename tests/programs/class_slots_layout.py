# The layout a class extends when several bases have __slots__ (CPython's best_base).
import sys
class A:
    __slots__ = ()
class B:
    __slots__ = ('_m',)
    def __init__(self, m): self._m = m
class C(A, B):
    __slots__ = ()
c = C({})
print(sys.getsizeof(c), c._m)
class D(A, B): pass
d = D(1); d.x = 2
print(sys.getsizeof(d), d._m, d.x)
class E:
    __slots__ = ('e',)
for bases in [(B, E), (E, B), (B, list), (list, B), (C, B), (B, C), (D, C)]:
    try:
        T = type('T', bases, {})
        t = T.__new__(T)
        print([b.__name__ for b in bases], 'ok', sys.getsizeof(t))
    except TypeError as e:
        print([b.__name__ for b in bases], e)
class L1(list):
    __slots__ = ('z',)
class L2(list): pass
for bases in [(L1, L2), (L2, L1), (L1, list), (L2, L1, list)]:
    try:
        T = type('T', bases, {})
        t = T(); print([b.__name__ for b in bases], 'ok', sys.getsizeof(t))
    except TypeError as e:
        print([b.__name__ for b in bases], e)
class W:
    __slots__ = ('__weakref__',)
class V:
    __slots__ = ('v',)
class WV(W, V): pass
print(sys.getsizeof(WV()))
