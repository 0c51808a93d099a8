/** A select field's options from its list of values, labelled as an editor reads them: "news-agency" as "news agency". */
export const optionsFrom = (values: readonly string[]) => values.map((value) => ({ label: value.replace(/-/g, ' '), value }))
