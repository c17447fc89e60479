import sys
class C:
    pass
class CA:
    def __init__(self):
        self.a = 1
        self.b = 2
class S:
    __slots__ = ('a', 'b')
class E:
    __slots__ = ()
def f():
    pass
def outer():
    x = 1
    def inner():
        return x
    return inner
def gen():
    yield 1
class M:
    def m(self):
        pass
def show(label, obj):
    print(label, sys.getsizeof(obj))
show("None", None)
show("True", True)
show("1.0", 1.0)
show("Ellipsis", Ellipsis)
show("NotImplemented", NotImplemented)
show("C()", C())
show("S()", S())
show("E()", E())
show("object()", object())
show("function", f)
show("lambda", lambda: 0)
show("class C", C)
show("class S", S)
show("bound method", M().m)
show("module sys", sys)
show("cell", outer().__closure__[0])
show("iter([])", iter([]))
show("BaseException()", BaseException())
