t = (1, 2, 3, 2, 1)
print(t, len(t), t[0], t[-1], t.count(2), t.index(3))
print(t + (4,), (0,) * 3, 2 * (1, 2))
print((1, 2) < (1, 3), (1, 2) == (1, 2), (2,) > (1, 9, 9))
print(2 in t, 9 in t)
print(tuple(reversed(t)), sorted(t))
print(repr(()), repr((1,)), repr((1, "a", None)))
a, b, *c = t
print(a, b, c)
try:
    t[0] = 5
except TypeError as e:
    print(e)
try:
    t.index(99)
except ValueError as e:
    print(e)
nested = ((1, 2), (3, (4, 5)))
print(nested[1][1][0])
print(hash((1, 2)) == hash((1, 2)), hash(()) == hash(()))
try:
    hash(([],))
except TypeError as e:
    print(e)
print(max((3, 1), (2, 9)), min([(1, "b"), (1, "a")]))
print(tuple(x * 2 for x in range(3)))
