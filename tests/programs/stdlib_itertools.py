import itertools
from itertools import (count, cycle, repeat, accumulate, chain, compress, dropwhile,
                       takewhile, filterfalse, groupby, islice, starmap, tee,
                       zip_longest, product, permutations, combinations,
                       combinations_with_replacement, pairwise)

print(list(islice(count(), 5)))
print(list(islice(count(10, 2), 4)))
print(list(islice(count(1.5, 0.5), 3)))
print(list(islice(cycle("abc"), 7)))
print(list(cycle([])))
print(list(repeat("x", 3)), list(repeat(1, 0)), list(islice(repeat(7), 2)))
print(list(accumulate([1, 2, 3, 4, 5])))
print(list(accumulate([1, 2, 3, 4], lambda a, b: a * b)))
print(list(accumulate([1, 2, 3], initial=100)))
print(list(accumulate([])), list(accumulate([], initial=5)))
print(list(accumulate([3, 1, 4, 1, 5], max)))
print(list(chain("ab", [1, 2], (3,))), list(chain()))
print(list(chain.from_iterable(["ab", "cd"])))
print(list(compress("ABCDEF", [1, 0, 1, 0, 1, 1])))
print(list(dropwhile(lambda x: x < 5, [1, 4, 6, 4, 1])))
print(list(takewhile(lambda x: x < 5, [1, 4, 6, 4, 1])))
print(list(filterfalse(lambda x: x % 2, range(10))), list(filterfalse(None, [0, 1, "", "a"])))
print([k for k, g in groupby("AAAABBBCCDAABBB")])
print([list(g) for k, g in groupby("AAAABBBCCD")])
print([(k, len(list(g))) for k, g in groupby([1, 3, 2, 4, 5], key=lambda x: x % 2)])
gs = list(groupby("aabb"))
print([(k, list(g)) for k, g in gs])
print(list(islice("ABCDEFG", 2)), list(islice("ABCDEFG", 2, 4)), list(islice("ABCDEFG", 2, None)), list(islice("ABCDEFG", 0, None, 2)))
print(list(islice(range(10), 1, 8, 3)))
it = iter(range(10))
print(list(islice(it, 3)), next(it))
for bad in [(-1,), (1, -2), (0, 5, 0)]:
    try:
        islice(range(3), *bad)
    except ValueError as e:
        print("ValueError:", e)
print(list(starmap(pow, [(2, 5), (3, 2), (10, 3)])))
a, b = tee([1, 2, 3])
print(list(a), list(b))
a, b, c = tee(iter("xyz"), 3)
print(next(a), next(a), next(b), list(c), list(a), list(b))
print(tee([1], 0))
print(list(zip_longest("ABCD", "xy", fillvalue="-")))
print(list(zip_longest([1, 2], [3])), list(zip_longest()))
print(list(product("AB", "xy")), list(product(range(2), repeat=3)))
print(list(product()), list(product([], [1])))
print(list(permutations("ABC", 2)))
print(list(permutations(range(3))), list(permutations([1, 2], 3)))
print(list(combinations("ABCD", 2)), list(combinations(range(4), 3)), list(combinations([1], 2)))
print(list(combinations_with_replacement("ABC", 2)))
print(list(combinations_with_replacement([], 0)), list(combinations_with_replacement([], 1)))
print(list(pairwise("ABCDE")), list(pairwise([1])), list(pairwise([])))
print(sum(x * y for x, y in zip(count(1), [3, 4, 5])))
print(dict(zip("abc", count())))
print(len(list(permutations(range(5)))), len(list(combinations(range(10), 4))))
c = count(5)
print(next(c), next(c), next(c))
g = groupby([1, 1, 2])
k, grp = next(g)
k2, grp2 = next(g)
print(k, list(grp), k2, list(grp2))
try:
    next(g)
except StopIteration:
    print("StopIteration")
try:
    list(permutations([1], -1))
except ValueError as e:
    print("ValueError:", e)
try:
    tee([1], -1)
except ValueError as e:
    print("ValueError:", e)
print(list(chain(*[[1], [2, 3]])))
print(list(zip(itertools.count(), "ab")))
for make in [lambda: cycle(5), lambda: chain.from_iterable(5), lambda: compress([1], 2),
             lambda: dropwhile(bool, 3), lambda: takewhile(bool, 3), lambda: filterfalse(None, 3),
             lambda: starmap(pow, 3), lambda: pairwise(3), lambda: zip_longest([1], 3),
             lambda: accumulate(3), lambda: groupby(3), lambda: tee(3), lambda: product(3),
             lambda: permutations(3), lambda: combinations(3, 1), lambda: islice(3, 1)]:
    try:
        make()
        print("no error")
    except TypeError as e:
        print("TypeError:", e)
print(list(starmap(lambda *a: sum(a), iter([(1, 2), (3, 4, 5)]))), list(pairwise(iter("abc"))))
print(list(compress(iter("abc"), iter([0, 1, 1]))))
