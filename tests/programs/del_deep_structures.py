import sys
l = []
for i in range(200000):
    l = [l]
print("built nested list")
del l
print("freed nested list")
class Node:
    __slots__ = ('next',)
    def __init__(self, nxt):
        self.next = nxt
head = None
for i in range(200000):
    head = Node(head)
print("built chain")
head = None
print("freed chain")
d = {}
for i in range(100000):
    d = {'d': d}
print("built nested dict")
d = None
print("freed nested dict")
t = ()
for i in range(100000):
    t = (t,)
print("built nested tuple")
del t
print("freed nested tuple")
class P:
    def __init__(self, nxt):
        self.nxt = nxt
p = None
for i in range(200000):
    p = P(p)
print("built dict-instance chain")
p = None
print("freed dict-instance chain")
