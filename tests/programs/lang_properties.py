class Temp:
    def __init__(self, c):
        self._c = c
    @property
    def celsius(self):
        return self._c
    @celsius.setter
    def celsius(self, v):
        if v < -273:
            raise ValueError("too cold")
        self._c = v
    @property
    def fahrenheit(self):
        return self._c * 9 / 5 + 32
    @staticmethod
    def describe():
        return "temperature"
    @classmethod
    def freezing(cls):
        return cls(0)
t = Temp(25)
print(t.celsius, t.fahrenheit)
t.celsius = 100
print(t.celsius, t.fahrenheit)
try:
    t.celsius = -300
except ValueError as e:
    print(e)
try:
    t.fahrenheit = 5
except AttributeError as e:
    print(e)
print(Temp.describe(), t.describe())
f = Temp.freezing()
print(type(f).__name__, f.celsius)
class Sub(Temp):
    pass
print(type(Sub.freezing()).__name__)
print(type(Temp.__dict__['describe']).__name__, type(Temp.__dict__['freezing']).__name__)
print(isinstance(Temp.celsius, property))
class Slots:
    __slots__ = ('a', 'b')
    def __init__(self):
        self.a = 1
s = Slots()
print(s.a)
try:
    s.c = 3
except AttributeError as e:
    print(e)
try:
    s.b
except AttributeError as e:
    print(e)
print(hasattr(s, '__dict__'))
