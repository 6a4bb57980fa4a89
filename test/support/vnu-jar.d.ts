// vnu-jar ships the W3C validator's jar and exports its path.
declare module 'vnu-jar' {
  const jarPath: string;
  export default jarPath;
}
