# gc_cycles: rings of instances dropped as cyclic garbage and reclaimed by gc.collect().
import gc


class Node:
    def __init__(self, value):
        self.value = value
        self.next = None


def make_ring(n):
    first = Node(0)
    node = first
    for i in range(1, n):
        node.next = Node(i)
        node = node.next
    node.next = first
    return first


def main():
    # Automatic collections are off so every ring is found by the explicit collect.
    gc.disable()
    collected = 0
    for round_ in range(40):
        for _ in range(200):
            make_ring(50)
        collected += gc.collect()
    print("gc_cycles checksum", collected)


main()
