# reversed() of dicts and of their keys/values/items views.
import sys

d = {"a": 1, "b": 2, "c": 3}
for source in (d, d.keys(), d.values(), d.items()):
    r = reversed(source)
    print(type(r).__name__, list(r), sys.getsizeof(reversed(source)))
print(list(d.__reversed__()), type(dict.__reversed__).__name__)
print(list(reversed({})), list(reversed({}.items())))

# Deleted entries are skipped; iteration order is the reverse of insertion order.
d = dict.fromkeys(range(10))
for k in (0, 3, 9):
    del d[k]
d[20] = "new"
print(list(reversed(d)))
print(list(reversed(d.items()))[:3])

# The items iterator recycles its result tuple when nobody kept the last one.
d = {1: "x", 2: "y"}
it = reversed(d.items())
first = next(it)
print(first, next(it), first)
ids = {id(item) for item in reversed(d.items())}
print(len(ids))

# Length hints count down; an exhausted iterator stays exhausted.
d = {i: i * i for i in range(5)}
it = reversed(d.values())
print(it.__length_hint__(), next(it), it.__length_hint__(), list(it), it.__length_hint__())
print(list(it), next(it, "done"))

# A size change during iteration is a RuntimeError, and stays one.
d = {"x": 1, "y": 2}
it = reversed(d)
print(next(it))
d["z"] = 3
for attempt in range(2):
    try:
        next(it)
    except RuntimeError as e:
        print(attempt, e)
d = {"x": 1, "y": 2}
it = reversed(d.keys())
next(it)
del d["x"]
try:
    list(it)
except RuntimeError as e:
    print("keys:", e)
# A value replaced in place is not a size change.
d = {"x": 1, "y": 2}
it = reversed(d.items())
print(next(it))
d["x"] = 100
print(list(it))


# Subclasses and views of subclasses use the same iterators; __reversed__ can be
# overridden.
class D(dict):
    pass


class Backwards(dict):
    def __reversed__(self):
        return iter(sorted(self))


print(type(reversed(D(a=1))).__name__, list(reversed(D(a=1, b=2).values())))
print(list(reversed(Backwards(b=1, a=2))))

# Reverse iterators cannot be built from Python, and their types are not reversible.
for t in (type(reversed({})), type(reversed({}.values()))):
    try:
        t()
    except TypeError as e:
        print(e)
try:
    reversed(reversed({}))
except TypeError as e:
    print(e)

# The iterator holds the dict, not a copy.
d = {"k": [1]}
before = sys.getrefcount(d)
it = reversed(d)
print(sys.getrefcount(d) - before)
del it
print(sys.getrefcount(d) - before)
for k in reversed(d):
    print(k, d[k])

# __reversed__ takes no arguments.
for call in (lambda: {}.__reversed__(1), lambda: {}.items().__reversed__(1, 2),
             lambda: {}.__reversed__(x=1)):
    try:
        call()
    except TypeError as e:
        print(e)
