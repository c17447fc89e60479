class N:
    count = 0
    def __init__(self, nxt, tag):
        self.nxt = nxt
        self.tag = tag
    def __del__(self):
        N.count += 1
        if self.tag % 20000 == 0:
            print("del", self.tag)
head = None
for i in range(100001):
    head = N(head, i)
print("built")
head = None
print("freed", N.count)
l = []
for i in range(50000):
    l = [l, N(None, -1 if i % 20000 else i)]
print("built list chain")
l = 0
print("freed list chain", N.count)
