class Vec:
    def __init__(self, x, y):
        self.x, self.y = x, y
    def __add__(self, o):
        return Vec(self.x + o.x, self.y + o.y)
    def __sub__(self, o):
        return Vec(self.x - o.x, self.y - o.y)
    def __mul__(self, k):
        return Vec(self.x * k, self.y * k)
    def __rmul__(self, k):
        return self * k
    def __neg__(self):
        return Vec(-self.x, -self.y)
    def __eq__(self, o):
        return (self.x, self.y) == (o.x, o.y)
    def __lt__(self, o):
        return (self.x, self.y) < (o.x, o.y)
    def __repr__(self):
        return "Vec(%r, %r)" % (self.x, self.y)
    def __len__(self):
        return 2
    def __getitem__(self, i):
        return (self.x, self.y)[i]
    def __contains__(self, v):
        return v in (self.x, self.y)
    def __bool__(self):
        return bool(self.x or self.y)
    def __call__(self, k):
        return self.x * k
    __hash__ = None
a, b = Vec(1, 2), Vec(3, 4)
print(a + b, a - b, a * 3, 2 * a, -a)
print(a == Vec(1, 2), a != b, a < b, sorted([b, a]))
print(len(a), a[0], a[-1], list(a), 2 in a, 5 in a)
print(bool(Vec(0, 0)), bool(a), a(10))
try:
    hash(a)
except TypeError as e:
    print(e)
try:
    a + 1
except AttributeError as e:
    print(e)
class Num:
    def __init__(self, v):
        self.v = v
    def __add__(self, o):
        if not isinstance(o, Num):
            return NotImplemented
        return Num(self.v + o.v)
    def __str__(self):
        return "Num<%d>" % self.v
print(Num(1) + Num(2))
try:
    Num(1) + 5
except TypeError as e:
    print(e)
try:
    a > 1
except TypeError as e:
    print(e)
