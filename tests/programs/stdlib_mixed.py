from collections import Counter, defaultdict, deque, namedtuple, OrderedDict
from functools import reduce, partial, wraps, lru_cache, total_ordering, cmp_to_key
from itertools import chain, groupby, product, permutations, combinations, islice, count, accumulate, zip_longest, tee
text = "the quick brown fox jumps over the lazy dog the fox".split()
freq = Counter(text)
for w, c in freq.most_common(3):
    print(f"{w:>6}: {c}")
graph = defaultdict(list)
for a, b in [(1, 2), (1, 3), (2, 4), (3, 4), (4, 5)]:
    graph[a].append(b); graph[b].append(a)
seen = {1}; q = deque([(1, 0)]); order = []
while q:
    node, dist = q.popleft(); order.append((node, dist))
    for nb in sorted(graph[node]):
        if nb not in seen:
            seen.add(nb); q.append((nb, dist + 1))
print(order)
Emp = namedtuple("Emp", "name dept salary")
emps = [Emp("a", "x", 3), Emp("b", "y", 5), Emp("c", "x", 4)]
for dept, grp in groupby(sorted(emps, key=lambda e: e.dept), key=lambda e: e.dept):
    g = list(grp)
    print(dept, [e.name for e in g], sum(e.salary for e in g))
print(max(emps, key=lambda e: e.salary), sorted(emps, key=lambda e: -e.salary)[0]._asdict())
print(reduce(lambda a, b: a | b, [{1}, {2}, {3}]))
print(list(islice(accumulate(count(1)), 5)), list(chain.from_iterable(permutations("ab"))))
print(sum(1 for _ in combinations(range(6), 3)), list(product([0, 1], repeat=2)))
cache = OrderedDict()
for k in "abcabd":
    if k in cache:
        cache.move_to_end(k)
    cache[k] = True
    if len(cache) > 2:
        cache.popitem(last=False)
print(list(cache))
def timed(f):
    @wraps(f)
    def w(*a):
        return f(*a)
    return w
@timed
def hello(n):
    "says hi"
    return "hi" * n
print(hello(2), hello.__name__, hello.__doc__)
a, b = tee(range(3))
print(list(zip(a, b)), Counter(a=2).most_common(), dict(Counter("aab")))
import sys
p = Emp("z", "q", 1)
print(sys.getrefcount(p), sys.getsizeof(p), sys.getsizeof(freq) > 0)
