import { get, type FieldValues, type Path, type UseFormReturn } from 'react-hook-form';

/**
 * react-hook-form puts a registered field's value into the element only when React hydrates the page, so
 * the server's HTML shows a pre-filled form empty until the page's code has run: on a slow phone the form
 * looks blank (and a test reading it straight after loading can find it so). These give the element its
 * starting value in the HTML as well; react-hook-form then sets the same value when it registers the field.
 */
function ssrValue<V extends FieldValues>(form: UseFormReturn<V>, name: Path<V>): { defaultValue?: string } {
  const value: unknown = get(form.formState.defaultValues, name);
  return value == null ? {} : { defaultValue: String(value) };
}

/** The same for a checkbox: ticked in the HTML when its value is true, or in the array of ticked values. */
export function ssrChecked<V extends FieldValues>(
  form: UseFormReturn<V>,
  name: Path<V>,
  value?: string,
): { defaultChecked: boolean } {
  const current: unknown = get(form.formState.defaultValues, name);
  return { defaultChecked: Array.isArray(current) ? current.includes(value) : current === true };
}

/** `form.register(name)` with the starting value in the HTML: for text boxes, text areas and selects. */
export function registerWithValue<V extends FieldValues>(form: UseFormReturn<V>, name: Path<V>) {
  return { ...ssrValue(form, name), ...form.register(name) };
}
