import type { UseFormRegisterReturn } from 'react-hook-form';
import { Field, describedBy, inputClass } from '../../ui/field';

/** One labelled input (or textarea) of a settings form, with its hint and error tied to it. */
export function SettingsInput(props: {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  optional?: boolean;
  multiline?: boolean;
  numeric?: boolean;
  reg: UseFormRegisterReturn;
}) {
  const common = {
    id: props.id,
    'aria-invalid': !!props.error,
    'aria-describedby': describedBy(props.id, props.hint, props.error),
    ...props.reg,
  };
  return (
    <Field id={props.id} label={props.label} hint={props.hint} error={props.error} optional={props.optional}>
      {props.multiline ? (
        <textarea rows={4} className={inputClass(props.error)} {...common} />
      ) : (
        <input
          className={`${inputClass(props.error)} ${props.numeric ? 'max-w-32' : ''}`}
          inputMode={props.numeric ? 'numeric' : undefined}
          {...common}
        />
      )}
    </Field>
  );
}
