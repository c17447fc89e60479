def same(a, b):
    return a is b
for n in [-6, -5, -1, 0, 1, 100, 255, 256, 257, 1000]:
    print(n, same(int(str(n)), int(str(n))))
a = 256
b = 255 + 1
print("256 computed", a is b)
c = 257
d = int("257")
print("257 computed", c is d)
x = 10
y = 5 * 2
print("10", x is y)
l = [i for i in range(-10, 300)]
m = [i for i in range(-10, 300)]
cached = [v for v, w in zip(l, m) if v is w]
print(len(cached), cached[0], cached[-1])
m5 = -5
six = 6
print(int("-5") is m5)
print(sum([1, 2, 3]) is six)
print(len("abcdef") is six)
big = 10 ** 20
big2 = 10 ** 20
print(big is big2)
print(True is bool(1), False is bool(0), None is None)
