/**
 * One test per case that `read` answers null: the pure readers of untrusted text (a slug, a caption line, a credit's
 * parts) say "not this" with null, and their tests are tables of what they must refuse. `title` is jest's, so `%s`
 * names the case.
 */
export function itAnswersNullForEach<Input>({
  title,
  read,
  cases,
}: {
  title: string
  read: (input: Input) => unknown
  cases: readonly (readonly [name: string, input: Input])[]
}): void {
  it.each(cases)(title, (_name, input) => {
    expect(read(input)).toBeNull()
  })
}
