class Countdown:
    def __init__(self, n):
        self.n = n
    def __iter__(self):
        return self
    def __next__(self):
        if self.n <= 0:
            raise StopIteration
        self.n -= 1
        return self.n + 1
print(list(Countdown(4)))
for v in Countdown(2):
    print("v", v)
class Seq:
    def __getitem__(self, i):
        if i >= 3:
            raise IndexError
        return i * 10
print(list(Seq()), 20 in Seq())
class Gen:
    def __iter__(self):
        yield "a"
        yield "b"
print(list(Gen()), sorted(Gen(), reverse=True))
a, b = Gen()
print(a, b)
print(dict(zip(Gen(), Countdown(2))))
it = iter(Countdown(3))
print(next(it), next(it), next(it), next(it, "end"))
print(sum(Countdown(100)), max(Countdown(5)), min(Seq()))
print(list(enumerate(Gen())), list(map(str, Countdown(3))))
try:
    for x in 42:
        pass
except TypeError as e:
    print(e)
class BadIter:
    def __iter__(self):
        return 5
try:
    iter(BadIter())
except TypeError as e:
    print(e)
