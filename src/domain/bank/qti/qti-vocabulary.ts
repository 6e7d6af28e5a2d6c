/** Names shared by the QTI 3.0 exporter and importer. */
export const QTI_ITEM_NAMESPACE = 'http://www.imsglobal.org/xsd/imsqtiasi_v3p0';
export const QTI_MANIFEST_NAMESPACE = 'http://www.imsglobal.org/xsd/qti/qtiv3p0/imscp_v1p1';
export const QTI_ITEM_RESOURCE_TYPE = 'imsqti_item_xmlv3p0';
/** The project's own namespace for what QTI has no element for (bank metadata). */
export const EI_NAMESPACE = 'urn:excel-interviewer:bank:1';
/** `data-ei-payload` values marking machine-readable JSON inside items. */
export const PAYLOAD_RUBRIC = 'rubric';
export const PAYLOAD_ITEM = 'item';
