print(len([1, 2]), len("abc"), len({}), len(range(10)), len((1,)))
print(list(range(5)), list(range(2, 8, 3)), list(range(5, 0, -1)))
print(min(3, 1, 2), max([4, 9, 2]), min("hello"), max("a", "b", key=lambda c: -ord(c)))
print(min([], default="empty"), max([1, 2, 3], key=lambda x: -x))
print(sum([1, 2, 3]), sum([0.5, 0.5]), sum([[1], [2]], []), sum(range(10), 100))
print(sorted([3, 1, 2]), sorted("cab", reverse=True), sorted([(1, "b"), (1, "a"), (0, "z")]))
print(sorted(["aa", "b", "ccc"], key=len))
print(list(reversed([1, 2, 3])), list(reversed(range(4))), list(reversed("abc")))
print(list(enumerate("ab")), list(enumerate("ab", 10)))
print(list(zip([1, 2, 3], "ab")), list(zip()))
print(list(map(str, [1, 2])), list(map(lambda a, b: a + b, [1, 2], [10, 20])))
print(list(filter(None, [0, 1, "", "a"])), list(filter(lambda x: x > 1, [1, 2, 3])))
it = iter([1, 2])
print(next(it), next(it), next(it, "done"))
try:
    next(it)
except StopIteration:
    print("StopIteration")
print(any([]), all([]), any([0, 1]), all([1, 0]))
r = range(0, 10, 2)
print(r, r.start, r.stop, r.step, 4 in r, 5 in r, r.index(6), r.count(2))
print(range(3) == range(3), len(range(0, -10, -3)))
try:
    min([])
except ValueError as e:
    print(e)
try:
    iter(5)
except TypeError as e:
    print(e)
try:
    len(5)
except TypeError as e:
    print(e)
