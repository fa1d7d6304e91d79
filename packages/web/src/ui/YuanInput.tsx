import { InputNumber } from 'antd';

/** An amount in yuan with two decimals, as text (see yuan.ts for the conversion to fen). */
export function YuanInput(props: { value?: string | null; onChange?: (v: string | null) => void; placeholder?: string; 'data-testid'?: string }) {
  return (
    <InputNumber<string> {...props} stringMode min="0" precision={2} step="1" prefix="¥" style={{ width: '100%' }} />
  );
}
