import sys
class C:
    pass
c = C()
print("instance", sys.getsizeof(c))
c.a = 1
print("instance 1 attr", sys.getsizeof(c))
class CA:
    def __init__(self):
        self.a = 1
        self.b = 2
class S:
    __slots__ = ('a', 'b')
s = S()
print("slots ab", sys.getsizeof(s))
class E:
    __slots__ = ()
print("slots empty", sys.getsizeof(E()))
class One:
    __slots__ = ('x',)
o = One()
o.x = 5
print("slots one", sys.getsizeof(o), o.x)
class M:
    def m(self):
        return 1
print("bound method M", sys.getsizeof(M().m))
class Sub(C):
    pass
print("subclass inst", sys.getsizeof(Sub()))
class SubS(S):
    __slots__ = ('c',)
print("slots sub", sys.getsizeof(SubS()))
class D(dict):
    pass
print("dict subclass", sys.getsizeof(D()))
class L(list):
    pass
print("list subclass", sys.getsizeof(L()))
