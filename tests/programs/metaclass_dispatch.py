import gc, weakref
class M(type): pass
class A(metaclass=M): pass
wm = weakref.ref(M); wa = weakref.ref(A)
del A, M
gc.collect()
print(wm(), wa())

class Meta(type):
    def __instancecheck__(cls, inst):
        print("instancecheck", cls.__name__)
        return True
    def __subclasscheck__(cls, sub):
        print("subclasscheck", cls.__name__)
        return False
class I(metaclass=Meta): pass
print(isinstance(3, I), issubclass(int, I), isinstance(I(), I), issubclass(I, I))

class GA(type):
    def __getattr__(cls, name):
        return "missing " + name
class G(metaclass=GA):
    x = 1
print(G.x, G.y)
try:
    G().y
except AttributeError as e:
    print("AttributeError:", e)

class SA(type):
    def __setattr__(cls, name, value):
        print("setattr", name)
        super().__setattr__(name, value)
class S(metaclass=SA): pass
S.v = 5
print(S.v)

class Eq(type):
    def __eq__(cls, other): return True
    def __hash__(cls): return 1
class E1(metaclass=Eq): pass
class E2(metaclass=Eq): pass
print(E1 == E2, hash(E1))
class Cnt(type):
    def __bool__(cls): return False
class CB(metaclass=Cnt): pass
print(bool(CB))
