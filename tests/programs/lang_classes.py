class Animal:
    kind = "animal"
    def __init__(self, name):
        self.name = name
    def speak(self):
        return "%s makes a sound" % self.name
    def __repr__(self):
        return "Animal(%r)" % self.name
    def __str__(self):
        return "the " + self.name
class Dog(Animal):
    kind = "dog"
    def __init__(self, name, breed):
        super().__init__(name)
        self.breed = breed
    def speak(self):
        return super().speak() + " (woof)"
a = Animal("generic")
d = Dog("rex", "lab")
print(a.speak())
print(d.speak())
print(repr(a), str(a), a)
print([a, d])
print(d.kind, Animal.kind, d.breed)
print(isinstance(d, Animal), isinstance(a, Dog), issubclass(Dog, Animal))
print(type(d).__name__, type(d) is Dog, Dog.__bases__[0].__name__)
print(Dog.__mro__)
class Point:
    def __init__(self, x, y):
        self.x = x
        self.y = y
    def __eq__(self, other):
        return isinstance(other, Point) and (self.x, self.y) == (other.x, other.y)
    def __hash__(self):
        return hash((self.x, self.y))
p1, p2 = Point(1, 2), Point(1, 2)
print(p1 == p2, p1 is p2, p1 != Point(2, 1))
print(len({p1: 1, p2: 2}))
print(hash(p1) == hash((1, 2)))
class NoEq:
    pass
n = NoEq()
print(n == n, n == NoEq())
class Counter:
    instances = 0
    def __init__(self):
        Counter.instances += 1
for _ in range(3):
    Counter()
print(Counter.instances)
print(d.__dict__)
print(hasattr(d, "speak"), getattr(d, "missing", "dflt"))
print(Dog.__name__, Dog.__qualname__)
class Unhashable:
    def __eq__(self, other):
        return True
try:
    hash(Unhashable())
except TypeError as e:
    print(e)
