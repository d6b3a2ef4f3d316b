import { NumberInput, type NumberInputProps } from '@mantine/core';
import type { ShopFormat } from '../../format/shop-format';

interface Props extends Omit<NumberInputProps, 'value' | 'onChange'> {
  fmt: ShopFormat;
  value: number | '';
  onChange: (v: number | '') => void;
  'data-autofocus'?: boolean;
}

/** An amount in the shop's currency, typed in major units. */
export function MoneyInput({ fmt, value, onChange, ...rest }: Props) {
  return (
    <NumberInput
      {...rest}
      leftSection={fmt.currencySymbol}
      decimalScale={fmt.fractionDigits}
      fixedDecimalScale
      thousandSeparator=","
      // Only a point is a decimal point: Mantine also takes a typed comma for one, so "2,100" became 2.10.
      allowedDecimalSeparators={['.']}
      min={0}
      hideControls
      value={value}
      onChange={(v) => onChange(typeof v === 'number' ? v : v === '' ? '' : Number(v))}
    />
  );
}
