# One attribute name met on instances of many classes at the same place in the code:
# results must follow every change to the classes and instances, whatever was cached.


class A:
    def __init__(self, v):
        self.v = v

    def get(self):
        return "A" + str(self.v)


class B(A):
    def get(self):
        return "B" + str(self.v)


class C(B):
    pass


class D:
    __slots__ = ("v",)

    def __init__(self, v):
        self.v = v

    def get(self):
        return "D" + str(self.v)


class E:
    @property
    def v(self):
        return "prop"

    def get(self):
        return "E" + self.v


class F(A):
    def __getattribute__(self, name):
        if name == "v":
            return "intercepted"
        return object.__getattribute__(self, name)


class G(A):
    pass


def describe(items):
    out = []
    for x in items:
        out.append(x.get() + ":" + str(x.v))
    return out


items = [A(1), B(2), C(3), D(4), E(), F(6), G(7)]
print(describe(items))
print(describe(items))

# A method replaced on a base class: every subclass that inherits it sees the change.
A.get = lambda self: "A*" + str(self.v)
print(describe(items))

# An instance attribute shadows the method, then goes away again.
items[0].get = lambda: "instance-get"
print(describe(items))
del items[0].get
print(describe(items))

# A class attribute appears on a subclass between two calls.
C.get = lambda self: "C!"
print(describe(items))
del C.get
print(describe(items))

# Instance values replaced and deleted.
for x in items:
    if not isinstance(x, (E, F)):
        x.v = x.v * 10 if isinstance(x.v, int) else x.v
print(describe(items))
del items[1].v
try:
    describe(items)
except AttributeError as e:
    print("AttributeError:", e)
items[1].v = "back"
print(describe(items))

# __class__ changed under a cached site.
g = items[6]
g.__class__ = B
print(describe(items))


# Many classes at one site: more than the cache holds.
def make(i):
    return type("K%d" % i, (A,), {"get": lambda self, i=i: "K%d" % i})(i)


many = [make(i) for i in range(10)]
for _ in range(3):
    print(describe(many))
