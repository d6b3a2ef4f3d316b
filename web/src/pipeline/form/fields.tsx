import { Textarea, type TextareaProps, TextInput, type TextInputProps } from '@mantine/core';
import type { FieldsProps } from '../types';

type TextKey<F> = { [K in keyof F]: F[K] extends string ? K : never }[keyof F] & string;

interface Bound<F> {
  f: Pick<FieldsProps<F>, 'value' | 'set' | 'errors'>;
  /** The form's field; its error is the API's field of the same name. */
  name: TextKey<F>;
}

const bind = <F,>({ f, name }: Bound<F>) => ({
  value: String(f.value[name]),
  error: f.errors[name],
  // A text key holds a string, so the typed text is its value.
  onChange: (e: { currentTarget: { value: string } }) => f.set(name, e.currentTarget.value as F[TextKey<F>]),
});

/** A one-line text field of a job's form. */
export function TextField<F>({ f, name, ...rest }: Bound<F> & Omit<TextInputProps, 'value' | 'onChange' | 'error'>) {
  return <TextInput {...rest} {...bind({ f, name })} />;
}

/** A few lines of text in a job's form: it grows as it is written. */
export function NoteField<F>({ f, name, ...rest }: Bound<F> & Omit<TextareaProps, 'value' | 'onChange' | 'error'>) {
  return <Textarea autosize minRows={2} {...rest} {...bind({ f, name })} />;
}
