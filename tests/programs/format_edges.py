print(str(b'caf\xc3\xa9', 'utf-8'), str(b'abc', encoding='ascii'), str(b'\xff', 'latin-1'))
try:
    str(b'\xff', 'utf-8')
except UnicodeDecodeError as e:
    print(e)
print(str(b'\xffa', 'utf-8', 'replace'), str(b'\xffa', 'utf-8', errors='ignore'))
print(format(123.456, '+.3'), format(float('inf'), '%'), format(-float('inf'), '.2%'), format(float('nan'), '%'))
print(format(1234.5, ','), format(0.000012345, '.3'), format(1e16, ''), format(12345.678, '_.2f'))
print(format(3.0, 'g'), format(3.0, '.0f'), format(-0.0, '+'), format(1.5, '^10.3'), format(1e-5, 'g'), format(123456789.0, 'e'))
print(format(42, '+08,d'), format(255, '#x'), format(255, '#010b'), format(-42, '=+8'), format(42, 'c'))
print(f"{3.14159:{'>'}{10}.{2}f}|", f"{'x':*^7}", f"{12:n}", f"{0.5:.0%}", f"{1/3:.17g}")
print(format(1e100, 'f')[:20], format(2.5, '.0f'), format(3.5, '.0f'), format(0.125, '.2f'))
print('%5.1f|%-6d|%+.2e|%x|%o|%c|%r|%%' % (2.25, 42, 12345.678, 255, 8, 65, 'a'))
print('%(a)s-%(b)03d' % {'a': 'k', 'b': 7}, '%.3s' % 'abcdef', '%*d' % (5, 3))
for v,s in [(1.0,'.1'),(2.0,'.3'),(100.0,'.3'),(99.9,'.3'),(99.96,'.3'),(0.0,'.3'),(0.0001,'.2'),(0.00001,'.2'),(123.456,'#.3'),(12.0,'#.5'),(1e16,'.20'),(0.5,'.0'), (-0.0, '.2'), (1234567.0, '010,.1f'), (1234.5, '0=12,.2f'), (42, '08,d'), (-42, '010_d'), (0xabcdef, '#012_x'), (1e300, ',.0f'), (float('inf'), '010,'), (float('nan'), '+08.2%'), (5, '0=+6,'), (12345, '*^12,')]:
    print(repr(format(v,s)))
