# Random object graphs with cycles and finalizers, built and dropped many times.
# Every finalizer must run exactly once, nothing reachable may be collected, and
# after the last collection nothing built here is left.
import gc

seed = 12345
def rand(n):
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return seed % n

finalized = 0
class Node:
    __slots__ = ("edges", "tag", "__weakref__")
    def __init__(self, tag):
        self.edges = []
        self.tag = tag

class FNode:
    def __init__(self, tag):
        self.edges = []
        self.tag = tag
    def __del__(self):
        global finalized
        finalized += 1

created = 0
kept = []
total_collected = 0
for round_ in range(60):
    nodes = []
    for i in range(300):
        if rand(5) == 0:
            nodes.append(FNode(i))
        else:
            nodes.append(Node(i))
        created += 1
    for i in range(600):
        a = nodes[rand(len(nodes))]
        b = nodes[rand(len(nodes))]
        a.edges.append(b)
        if rand(7) == 0:
            a.edges.append({"d": b, "t": (a, b)})
    keep = nodes[rand(len(nodes))]
    kept.append(keep)
    nodes = None
    total_collected += gc.collect()
    if round_ % 20 == 19:
        # everything reachable from what we kept must still be intact
        seen = set()
        stack = list(kept)
        while stack:
            n = stack.pop()
            if id(n) in seen:
                continue
            seen.add(id(n))
            for e in n.edges:
                if isinstance(e, dict):
                    stack.append(e["d"])
                else:
                    stack.append(e)
        print("round", round_ + 1, "reachable", len(seen) > 0, "tags ok", all(isinstance(k.tag, int) for k in kept))

print("created", created)
print("collected so far > 0:", total_collected > 0)
before = finalized
kept = None
total_collected += gc.collect()
print("finalizers run:", finalized > before, finalized <= created)
print("second collect finds nothing:", gc.collect())
