#!/usr/bin/env python3
"""Times narrate on hostile inputs of growing size (issue 14), so that a parser
that turns quadratic shows: each row doubles the input, and the last column is
time(n) / time(n/2), about 2 when linear and 4 when quadratic. Also prints each run's
peak memory and exit code (1: refused by a limit, as the inputs past it are). Usage: bench/hostile_bench.py [path/to/narrate]"""
import os
import subprocess
import sys
import tempfile
import time

NARRATE = sys.argv[1] if len(sys.argv) > 1 else os.path.join(
    os.path.dirname(__file__), '..', 'build', 'cli', 'narrate')


def pls(n):
    lexemes = ''.join(f'<lexeme>\n  <grapheme>Name{i}</grapheme>\n  <phoneme>n\'eIm</phoneme>\n'
                      '</lexeme>\n' for i in range(n))
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<lexicon version="1.0" xmlns="http://www.w3.org'
            '/2005/01/pronunciation-lexicon" alphabet="x-espeak" xml:lang="en">\n' + lexemes +
            '</lexicon>\n')


def marks(n_bytes):
    unit = 'a 6" board, \'the 8\' cut\' and \u00b13 mm more. '
    return 'Chapter 1\n\n' + unit * (n_bytes // len(unit.encode())) + '\n'


def emphasis(n_bytes):
    return 'Start ' + '*_' * (n_bytes // 4) + 'word' + '_*' * (n_bytes // 4) + ' end.\n'


def deep_html(depth):
    return '<html><body><p>Start.</p>' + '<div><p>para</p>' * depth + '</body></html>'


CASES = [
    ('PLS lexemes, lexicon check', 'names.pls', pls, [12500, 25000, 50000, 100000],
     lambda f: [NARRATE, 'lexicon', 'check', f]),
    ('normalise one paragraph of marks (bytes)', 'marks.txt', marks, [1 << 17, 1 << 18, 1 << 19, 1000000],
     lambda f: [NARRATE, 'normalize', '-f', f]),
    ('nested emphasis in Markdown (bytes)', 'nested.md', emphasis, [1 << 17, 1 << 18, 1 << 19, 1000000],
     lambda f: [NARRATE, 'chapters', f]),
    ('unclosed <div> nesting (elements)', 'deep.htm', deep_html, [500, 1000, 2000, 4000],
     lambda f: [NARRATE, 'chapters', f]),
]


def run(command):
    start = time.perf_counter()
    child = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.perf_counter() - start
    return seconds, usage.ru_maxrss / 1024, os.waitstatus_to_exitcode(status)


def main():
    with tempfile.TemporaryDirectory() as folder:
        for title, name, make, sizes, command in CASES:
            print(f'\n{title}')
            print(f'{"size":>10} {"seconds":>8} {"peak MB":>8} {"exit":>4} {"x prev":>7}')
            previous = None
            for size in sizes:
                path = os.path.join(folder, name)
                with open(path, 'w', encoding='utf-8') as f:
                    f.write(make(size))
                seconds, peak_mb, code = run(command(path))
                ratio = f'{seconds / previous:7.2f}' if previous else '       '
                print(f'{size:>10} {seconds:8.2f} {peak_mb:8.0f} {code:>4} {ratio}')
                previous = max(seconds, 1e-3)


if __name__ == '__main__':
    main()
