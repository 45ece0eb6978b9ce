/** The 包括未核验答卷 switch of the pages that count answers (cross-tab, trends): verified answers unless ticked. */
export function UnverifiedSwitch({ name, checked }: { name: string; checked: boolean }) {
  return (
    <label className="checkbox">
      <input type="checkbox" name={name} value="1" defaultChecked={checked} />
      包括未核验答卷（公开链接答卷和无户码的纸质问卷）
    </label>
  );
}
