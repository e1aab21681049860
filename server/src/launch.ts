/**
 * The V8 flags the language server runs with (the extension starts it with them; so does the benchmark). A young
 * generation of 1 MB where V8 would grow it to 16 MB: what the server allocates either dies young (a piece's
 * parse and lint) or lives as long as the document (its summary), and a large young generation only adds to
 * the memory the process holds after a large document is opened. The cost is more, smaller collections; linting
 * is not made faster by it.
 */
export const SERVER_EXEC_ARGV: readonly string[] = ['--max-semi-space-size=1'];
