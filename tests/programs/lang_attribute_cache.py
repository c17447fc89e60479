# Attribute loads, stores and method calls that the interpreter caches per name: every
# way the cached answer can become wrong must be noticed.


class P:
    def __init__(self, x):
        self.x = x

    def get(self):
        return self.x


def read(o):
    return o.x


def call(o):
    return o.get()


def write(o, v):
    o.x = v


p = P(1)
for _ in range(3):
    print(read(p), call(p))

# A data descriptor added to the class takes precedence over the instance value.
P.x = property(lambda self: "property")
print(read(p))
del P.x
print(read(p))

# An instance attribute shadows the method; a new attribute name grows the shared keys.
q = P(2)
print(call(q))
q.get = lambda: "instance attribute"
print(call(q))
r = P(3)
print(call(r))
r.other = 1
print(call(r), call(P(4)))

# A materialised __dict__ keeps working, as do deleted attributes.
s = P(5)
print(read(s))
s.__dict__["x"] = 50
print(read(s))
del s.x
try:
    read(s)
except AttributeError as e:
    print("AttributeError:", e)
write(s, 6)
print(read(s), s.__dict__)

# Stores follow a __setattr__ or a property setter added later.
t = P(7)
write(t, 8)
print(read(t))


def setter(self, name, value):
    object.__setattr__(self, name, value * 10)


P.__setattr__ = setter
write(t, 9)
print(read(t))
del P.__setattr__
write(t, 10)
print(read(t))

# __getattr__ only runs when the attribute is missing.
class G:
    def __getattr__(self, name):
        return "missing " + name


g = G()
print(read(g))
g.x = "present"
print(read(g))
del g.x
print(read(g))

# One name, many types: subclasses, slots, builtins.
class Q(P):
    pass


class S:
    __slots__ = ("x",)

    def __init__(self, x):
        self.x = x

    def get(self):
        return "slots " + str(self.x)


class L(list):
    def get(self):
        return len(self)


for o in [P(11), Q(12), S(13), P(14), S(15), Q(16), L([1, 2])]:
    if not isinstance(o, L):
        write(o, read(o) + 100)
        print(type(o).__name__, read(o), call(o))
    else:
        print(type(o).__name__, call(o))

# Methods of builtin types and class-level attributes.
items = []
for i in range(3):
    items.append(i)
print(items)


class C:
    x = "class attribute"


print(read(C()))
c = C()
c.x = "instance"
print(read(c), read(C()))
C.x = "changed"
print(read(C()))
