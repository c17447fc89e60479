# binary_trees: the classic allocation benchmark, with trees of tuples.
# Builds a stretch tree, keeps one long-lived tree, and builds and drops
# many short-lived trees of increasing depth.


def make_tree(depth):
    if depth == 0:
        return (None, None)
    depth -= 1
    return (make_tree(depth), make_tree(depth))


def check_tree(node):
    left, right = node
    if left is None:
        return 1
    return 1 + check_tree(left) + check_tree(right)


def main(max_depth):
    min_depth = 4
    checksum = 0
    stretch = max_depth + 1
    checksum += check_tree(make_tree(stretch))
    long_lived = make_tree(max_depth)
    depth = min_depth
    while depth <= max_depth:
        iterations = 2 ** (max_depth - depth + min_depth)
        check = 0
        for i in range(iterations):
            check += check_tree(make_tree(depth))
        checksum += check
        depth += 2
    checksum += check_tree(long_lived)
    print("binary_trees checksum", checksum)


main(15)
