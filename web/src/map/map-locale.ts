import type { TFunction } from 'i18next';

/** MapLibre UI strings (control tooltips, canvas label) in the current language. */
export function mapUiStrings(t: TFunction): Record<string, string> {
  return {
    'Map.Title': t('map.canvasLabel'),
    'NavigationControl.ZoomIn': t('map.zoomIn'),
    'NavigationControl.ZoomOut': t('map.zoomOut'),
    'NavigationControl.ResetBearing': t('map.resetBearing'),
    'AttributionControl.ToggleAttribution': t('map.toggleAttribution'),
    'ScaleControl.Meters': t('map.unitM'),
    'ScaleControl.Kilometers': t('map.unitKm'),
    'FullscreenControl.Enter': t('map.fullscreenEnter'),
    'FullscreenControl.Exit': t('map.fullscreenExit'),
  };
}
