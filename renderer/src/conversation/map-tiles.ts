/**
 * A small map of a follower's location without a map library: Amap's road tiles around the point.
 * WeChat's location messages are in GCJ-02, the datum Chinese maps use, and Amap's tiles are drawn in it,
 * so the point goes on them as it came (a WGS-84 map such as OpenStreetMap would put it a few hundred
 * metres off inside China).
 */

const TILE = 256

/** One tile to draw: its URL and where its top-left corner goes in the viewport. */
export interface PlacedTile {
  readonly url: string
  readonly left: number
  readonly top: number
}

/** The tiles covering a `width`×`height` viewport centred on (latitude, longitude) at `zoom`. */
export function tilesAround(
  latitude: number,
  longitude: number,
  zoom: number,
  width: number,
  height: number,
): PlacedTile[] {
  const scale = TILE * 2 ** zoom
  const x = ((longitude + 180) / 360) * scale
  const sin = Math.sin((Math.max(-85, Math.min(85, latitude)) * Math.PI) / 180)
  const y = (0.5 - Math.log((1 + sin) / (1 - sin)) / (4 * Math.PI)) * scale
  const left = x - width / 2
  const top = y - height / 2
  const tiles: PlacedTile[] = []
  for (let column = Math.floor(left / TILE); column * TILE < left + width; column += 1) {
    for (let row = Math.floor(top / TILE); row * TILE < top + height; row += 1) {
      const server = 1 + ((column + row) & 3)
      tiles.push({
        url: `https://webrd0${server}.is.autonavi.com/appmaptile?lang=zh_cn&size=1&scale=1&style=8&x=${column}&y=${row}&z=${zoom}`,
        left: Math.round(column * TILE - left),
        top: Math.round(row * TILE - top),
      })
    }
  }
  return tiles
}

/** Amap's page for the point (GCJ-02, which Amap calls `gaode`). */
export function amapHref(latitude: number, longitude: number, label: string): string {
  const query = new URLSearchParams({
    position: `${longitude},${latitude}`,
    name: label,
    coordinate: 'gaode',
    callnative: '0',
  })
  return `https://uri.amap.com/marker?${query}`
}

/** Tencent Maps' page for the point (its coordinates are GCJ-02 too). */
export function tencentMapHref(latitude: number, longitude: number, label: string): string {
  const marker = `coord:${latitude},${longitude};title:${label};addr:${label}`
  return `https://apis.map.qq.com/uri/v1/marker?${new URLSearchParams({ marker, referer: 'kefu' })}`
}
