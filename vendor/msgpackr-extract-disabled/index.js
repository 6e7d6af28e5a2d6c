// msgpackr loads its optional native extractor inside try/catch and uses pure JavaScript when loading fails.
throw new Error('msgpackr-extract is disabled in this build; msgpackr uses its JavaScript decoder');
