# A million objects in random graphs: instances (with and without __del__, some
# resurrecting themselves once), slotted nodes, lists, dicts and tuples wired into
# cycles, weak references with callbacks, a few survivors kept for a while. Nothing
# reachable may be freed (the survivors are checked after every collection), every
# finalizer runs exactly once, every callback fires, and once everything is dropped the
# collector's object count and the allocated blocks are back where they started.
import gc
import sys
import weakref

seed = 2024


def rand(n):
    global seed
    seed = (seed * 1103515245 + 12345) % 2147483648
    return (seed >> 8) % n


finalized = 0
resurrected = []
resurrecting = True
callbacks = 0


class Node:
    __slots__ = ("edges", "tag", "__weakref__")

    def __init__(self, tag):
        self.edges = []
        self.tag = tag


class Plain:
    def __init__(self, tag):
        self.edges = []
        self.tag = tag


class Finalized:
    def __init__(self, tag):
        self.edges = []
        self.tag = tag

    def __del__(self):
        global finalized
        finalized += 1
        if resurrecting and self.tag % 97 == 0:
            resurrected.append(self)


def on_death(ref):
    global callbacks
    callbacks += 1


def check(kept):
    seen = set()
    stack = list(kept)
    while stack:
        n = stack.pop()
        if id(n) in seen:
            continue
        seen.add(id(n))
        assert isinstance(n.tag, int), "a survivor was damaged"
        for e in n.edges:
            if type(e) is dict:
                stack.append(e["to"])
            elif type(e) is tuple:
                stack.append(e[1])
            else:
                stack.append(e)
    return len(seen)


gc.collect()
base_objects = len(gc.get_objects())
base_blocks = sys.getallocatedblocks()

kinds = (Node, Plain, Finalized)
made = 0
made_finalized = 0
refs = []
kept = []
ROUNDS, SIZE = 200, 2400
for round_ in range(ROUNDS):
    nodes = []
    for i in range(SIZE):
        k = kinds[rand(3)]
        if k is Finalized:
            made_finalized += 1
        nodes.append(k(made))
        made += 2  # the node and its list of edges
    for i in range(SIZE):
        a = nodes[rand(SIZE)]
        b = nodes[rand(SIZE)]
        r = rand(10)
        if r == 0:
            a.edges.append({"to": b, "back": a})
            made += 1
        elif r == 1:
            a.edges.append((a, b))
            made += 1
        else:
            a.edges.append(b)
    for i in range(0, SIZE, 50):
        refs.append(weakref.ref(nodes[i], on_death))
    kept.append(nodes[rand(SIZE)])
    if len(kept) > 8:
        del kept[0]
    nodes = a = b = None
    if round_ % 10 == 9:
        gc.collect()
        assert check(kept) > 0
        refs = [r for r in refs if r() is not None]

print("built at least a million objects:", made >= 1000000)
resurrecting = False
kept = None
gc.collect()
print("some finalizers resurrected their object:", len(resurrected) > 0)
resurrected.clear()
gc.collect()
print("finalizers ran once each:", finalized == made_finalized)
print("every weak reference is dead:", all(r() is None for r in refs))
refs = None
gc.collect()
# The module's few new globals aside, the collector tracks what it tracked at the start.
print("objects back to the start:", abs(len(gc.get_objects()) - base_objects) < 10)
print("blocks back to the start:", abs(sys.getallocatedblocks() - base_blocks) < 200)
print("callbacks ran:", callbacks > 0)
