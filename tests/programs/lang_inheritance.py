class Base:
    greeting = "hello"
    def __init__(self):
        print("Base.__init__", type(self).__name__)
        self.tag = "base"
    def who(self):
        return "Base"
    def describe(self):
        return "%s says %s" % (self.who(), self.greeting)
class Mid(Base):
    def __init__(self):
        super().__init__()
        print("Mid.__init__")
        self.tag += "+mid"
    def who(self):
        return "Mid"
class Leaf(Mid):
    greeting = "hi"
    def who(self):
        return "Leaf/" + super().who()
l = Leaf()
print(l.tag, l.describe())
print([c.__name__ for c in Leaf.__mro__])
print(Base().describe())
print(isinstance(l, Base), issubclass(Leaf, Mid), Leaf.__base__.__name__)
class Plain:
    pass
p = Plain()
print(type(p).__name__, isinstance(p, object))
class WithStr(Base):
    def __init__(self, n):
        self.n = n
    def __str__(self):
        return "WithStr(%d)" % self.n
w = WithStr(3)
print(w, str(w), w.describe(), hasattr(w, "tag"))
class Ex(ValueError):
    def __str__(self):
        return "custom str"
try:
    raise Ex("ignored")
except ValueError as e:
    print(e, repr(e), e.args)
class Over(dict):
    def __missing__(self, k):
        return k * 2
o = Over(a=1)
print(o["a"], o["bb"], len(o))
class MyList(list):
    def total(self):
        return sum(self)
ml = MyList([1, 2, 3])
ml.append(4)
print(ml, ml.total(), len(ml), type(ml).__name__)
